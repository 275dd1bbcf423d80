module example.com/fmtbox

go 1.18
