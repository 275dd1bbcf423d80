module `x`
