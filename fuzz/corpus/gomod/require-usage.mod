module x
require a
