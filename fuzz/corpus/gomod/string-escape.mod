module "\q"
