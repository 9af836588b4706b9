package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxMappingSize is the largest mapping file LoadMapping reads.
const maxMappingSize = 1 << 20

// LoadMapping reads a column mapping for [Options.Map], as given to
// --mapping FILE. The file has one `Header=target` line per column. The
// target is a target name such as "externalIds", or empty to ignore the
// column. A line is split at its last "=". Blank lines and lines starting
// with "#" are skipped. Alternatively the file is one JSON object,
// {"Header": "target"}, which also suits headers that start with "#".
// Targets are returned in their exact form ("external_ids" becomes
// "externalIds"). An unknown target, a line without "=" or a header given
// twice is an error naming the line.
func LoadMapping(r io.Reader) (map[string]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxMappingSize+1))
	if err != nil {
		return nil, fmt.Errorf("read mapping: %w", err)
	}
	if len(data) > maxMappingSize {
		return nil, errors.New("read mapping: the file is larger than 1 MiB")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		return loadJSONMapping(t)
	}
	return loadLineMapping(string(data))
}

func loadLineMapping(text string) (map[string]string, error) {
	m := map[string]string{}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		eq := strings.LastIndexByte(t, '=')
		if eq < 0 {
			return nil, fmt.Errorf("mapping line %d: %q has no \"=\"; write Header=target, or Header= to ignore a column", i+1, t)
		}
		if err := addMapping(m, strings.TrimSpace(t[:eq]), t[eq+1:]); err != nil {
			return nil, fmt.Errorf("mapping line %d: %w", i+1, err)
		}
	}
	return m, nil
}

func loadJSONMapping(data []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("read JSON mapping: %w", err)
	}
	m := map[string]string{}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read JSON mapping: %w", err)
		}
		var target *string
		if err := dec.Decode(&target); err != nil {
			return nil, fmt.Errorf("read JSON mapping: the value of %q must be a target name in quotes: %w", key, err)
		}
		if target == nil {
			target = new(string)
		}
		if err := addMapping(m, key.(string), *target); err != nil {
			return nil, fmt.Errorf("JSON mapping: %w", err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("read JSON mapping: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("read JSON mapping: unexpected text after the closing }")
	}
	return m, nil
}

func addMapping(m map[string]string, header, target string) error {
	if header == "" {
		return errors.New("the header before \"=\" is empty")
	}
	if _, dup := m[header]; dup {
		return fmt.Errorf("the header %q is mapped twice; keep one line", header)
	}
	e, err := parseEntry(header, target)
	if err != nil {
		return err
	}
	m[header] = ""
	if !e.ignore {
		m[header] = e.target.String()
	}
	return nil
}
