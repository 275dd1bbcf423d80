module x
require (
) x
