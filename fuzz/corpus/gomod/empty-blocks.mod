module x

require ()
replace (
)
