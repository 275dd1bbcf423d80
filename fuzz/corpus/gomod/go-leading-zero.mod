module x
go 01.18
