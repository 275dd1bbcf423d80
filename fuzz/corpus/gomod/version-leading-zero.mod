module x
require a v1.02.3
