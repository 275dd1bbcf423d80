module x
require example.com/a v2.0.0
