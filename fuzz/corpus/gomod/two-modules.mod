module x
module y
