module x
replace a => b@v1.0.0
