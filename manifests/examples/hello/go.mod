module example.com/hello

go 1.18

require example.com/fmtbox v0.0.0

replace example.com/fmtbox => ./third_party/fmtbox
