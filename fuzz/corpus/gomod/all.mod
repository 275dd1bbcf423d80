// A module that is no longer maintained.
//
// Deprecated: use example.com/new instead.
module "example.com/all" // a quoted path

go 1.18

require example.com/a v1.2.3
require (
	example.com/b v1.2 // indirect
	example.com/c/v2 v2.0.0-20220101120000-abcdef123456 // indirect; a comment after it
	example.com/d v1.0.0+incompatible
	example.com/e v1.0.0+build.1
	gopkg.in/yaml.v2 v2.4.0
	gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405
	example.com/f v0.0.0-pre.1.a-b
	"example.com/\u00e9" v1.0.0
)

exclude example.com/a v1.2.4
exclude (
	example.com/b v1.3.0
)

replace example.com/a => ../a
replace example.com/b v1.2.0 => example.com/b2 v1.5.0
replace (
	example.com/c/v2 => /abs/c
	example.com/d v1.0.0+incompatible => example.com/d v1.1.0
)

// one retraction
retract v1.0.0
retract [v1.1.0, v1.2.0] // a range
retract (
	// published by mistake
	v0.9.0
	v0.9.1 // this one too
)
