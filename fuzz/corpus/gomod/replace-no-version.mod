module x
replace a => b
