module x
