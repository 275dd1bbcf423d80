// a command for the good manifests to name
package main

func main() {}
