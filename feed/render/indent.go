package render

import "bytes"

// indentJSON appends src — compact JSON as encoding/json writes it — to
// dst indented as encoding/json's Encoder.SetIndent("", "  ") does, byte
// for byte, without its byte-by-byte scanner: strings are copied whole.
// It is for trusted input only (what json.Marshal just produced).
func indentJSON(dst, src []byte) []byte {
	depth, needIndent := 0, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			depth++
			dst = newline(dst, depth)
		}
		switch c {
		case '"':
			end := stringEnd(src, i+1)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			needIndent = true
			dst = append(dst, c)
		case ',':
			dst = newline(append(dst, c), depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if needIndent {
				needIndent = false // empty: {} and []
			} else {
				depth--
				dst = newline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd returns the index just past the closing quote of the string
// whose contents start at i.
func stringEnd(src []byte, i int) int {
	for {
		j := bytes.IndexAny(src[i:], `"\`)
		if j < 0 {
			return len(src)
		}
		i += j
		if src[i] == '"' {
			return i + 1
		}
		i += 2 // an escape: skip the escaped byte
	}
}

func newline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
}
