module x
require a v1.2-pre
