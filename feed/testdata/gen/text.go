package main

import (
	"crypto/sha1"
	"encoding/binary"
	"strings"
)

var texAccents = strings.NewReplacer(
	`{\O}`, "Ø", `{\o}`, "ø", `\ss`, "ß",
	`\"{o}`, "ö", `\"{u}`, "ü", `\"o`, "ö", `\"u`, "ü", `\"a`, "ä", `\"e`, "ë",
	`\'a`, "á", `\'e`, "é", `\'i`, "í", `\'o`, "ó", `\'u`, "ú",
	"\\`e", "è", `\~n`, "ñ",
	`\c{s}`, "ş", `\c{c}`, "ç", `\v{r}`, "ř", `\v{s}`, "š", `\v{c}`, "č",
)

// texToUnicode resolves the TeX accents of the authors' names.
func texToUnicode(s string) string { return texAccents.Replace(s) }

// sentences returns the first n sentences of an abstract.
func sentences(s string, n int) string {
	out := s
	idx := 0
	for range n {
		j := strings.Index(s[idx:], ". ")
		if j < 0 {
			return s
		}
		idx += j + 2
		out = s[:idx-1]
	}
	return out
}

// hashN returns a deterministic number in [0, n) derived from key.
func hashN(key string, n int) int {
	sum := sha1.Sum([]byte(key))
	return int(binary.BigEndian.Uint64(sum[:8]) % uint64(n))
}
