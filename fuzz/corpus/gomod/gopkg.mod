module x
require gopkg.in/yaml v1.0.0
