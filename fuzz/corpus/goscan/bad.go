package bad
import "x
