package highlight

import "encoding/json"

// Load reads a grammar document (the editors/ file).
func Load(data []byte) (*GrammarFile, error) {
	var g GrammarFile
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

func jsonUnmarshal(data []byte, g *GrammarFile) error { return json.Unmarshal(data, g) }
