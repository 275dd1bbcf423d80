module x
go 1.18
go 1.19
