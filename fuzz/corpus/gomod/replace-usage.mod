module x
replace a => 
