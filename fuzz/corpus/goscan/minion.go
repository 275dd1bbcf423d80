package main

import (
	"fmt"

	"github.com/miekg/dns"
)

func main() {
	m := new(dns.Msg)
	m.SetQuestion("example.org.", dns.TypeAAAA)
	m.Id = 4242
	buf, err := m.Pack()
	if err != nil {
		panic(err)
	}
	var r dns.Msg
	if err := r.Unpack(buf); err != nil {
		panic(err)
	}
	fmt.Printf("packed %d bytes: id=%d %s\n", len(buf), r.Id, r.Question[0].String())
}
