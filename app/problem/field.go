package problem

import (
	"strconv"
	"strings"
)

// FieldError is one problem with one field: of a form (Field is the form
// field's name) or of a company's data file (a dotted path into the file,
// such as "legal_entities[1].org_number").
type FieldError struct {
	Field   string
	Problem string
}

// FileError lists every problem found in one company's data file, so the
// operator can fix them all in one go.
type FileError struct {
	File     string
	Problems []FieldError
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	b.WriteString(": ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Field != "" {
			b.WriteString("field ")
			b.WriteString(strconv.Quote(p.Field))
			b.WriteString(": ")
		}
		b.WriteString(p.Problem)
	}
	return b.String()
}

// Field length limits, in characters.
const (
	MaxName       = 100
	MaxEmail      = 254
	MaxIdentifier = 40
	MaxDetail     = 1000
	MaxText       = 2000
)

// Validation error codes, each with a message per language and field in
// messages.go.
const (
	ErrRequired     = "required"
	ErrTooLong      = "too_long"
	ErrInvalid      = "invalid"
	ErrControlChars = "control_chars"
	ErrChoice       = "choice"
)
