package parse

import "encoding/json"

// cutJSONItems keeps the first keep items of a JSON Feed and returns the
// document and how many items it dropped: gofeed then builds only the
// items kept. A body that is not a JSON object with an items array is
// returned as it is, for gofeed to judge.
func cutJSONItems(body []byte, keep int) ([]byte, int) {
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return body, 0
	}
	var items []json.RawMessage
	if json.Unmarshal(doc["items"], &items) != nil || len(items) <= keep {
		return body, 0
	}
	kept, err := json.Marshal(items[:keep])
	if err != nil {
		return body, 0
	}
	doc["items"] = kept
	out, err := json.Marshal(doc)
	if err != nil {
		return body, 0
	}
	return out, len(items) - keep
}

// jsonValues counts the values of a JSON document, roughly (every object,
// array and comma outside strings): what decoding it may build.
func jsonValues(b []byte) int {
	n, inString := 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && (c == '{' || c == '[' || c == ','):
			n++
		}
	}
	return n
}
