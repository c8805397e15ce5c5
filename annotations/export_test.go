package annotations

// ScanJSON runs the JSON reader with perByte bytes of memory allowed per
// byte of data. It returns what the reader counted as allocated and
// whether it refused valid JSON for a rule of its own (a repeated key,
// half a surrogate pair, a limit).
func ScanJSON(data []byte, perByte int) (v any, used int, stricter bool, err error) {
	v, used, why, err := scanWith(data, perByte)
	return v, used, err != nil && why != syntax, err
}

// SingleByte is the upper half of a single-byte encoding Open reads.
func SingleByte(name string) *[128]rune { return singleByte(name) }
