module x
require example.com/a/v2 v3.0.0
