module x
go 1.21
toolchain go1.21.0
