module x
require a (
	b v1.0.0
)
