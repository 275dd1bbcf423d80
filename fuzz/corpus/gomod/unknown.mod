module x
frobnicate y
