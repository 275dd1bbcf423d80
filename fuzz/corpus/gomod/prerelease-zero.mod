module x
require a v1.0.0-01
