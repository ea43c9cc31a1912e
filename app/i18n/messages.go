package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"io"
	"strings"
	"sync"
)

// messages is the whole interface text of one language, as the file
// messages/{lang}.json holds it: one file per language, so that a
// translator works in one place and a reviewer sees a language whole. The
// keys are the Go field names of the tables below; TestMessagesComplete
// requires every text in every language, with the same placeholders.
type messages struct {
	Pages    PageText
	Requests RequestText
	// FieldErrors are the messages of the form rules (app/requests, app/company,
	// app/marketingconsent), keyed by "{field}.{problem}" or by the problem alone.
	FieldErrors   map[string]string
	Mail          MailText
	Marketing     MarketingText
	CookieConsent CookieConsentText
	Notice        NoticeText
	// Months are the month names as running text writes a date.
	Months [12]string
	// ListAnd joins the last two items of a list in running text.
	ListAnd string
}

// FieldErrors returns the messages of the form rules in language l, keyed
// by "{field}.{problem}" or by the problem alone. The map is shared and
// read-only.
func FieldErrors(l Lang) map[string]string { return table(l).FieldErrors }

// ListAnd is the word that joins the last two items of a list in language
// l, with its spaces: " og ", " and ".
func ListAnd(l Lang) string { return table(l).ListAnd }

// JoinAnd lists words the way language l does in running text: "a, b og
// c".
func JoinAnd(l Lang, words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + ListAnd(l) + words[len(words)-1]
}

//go:embed messages/*.json
var messageFiles embed.FS

// The tables, each read once, on first use; constant after that.
var (
	nbMessages = sync.OnceValue(func() *messages { return mustRead(NB) })
	daMessages = sync.OnceValue(func() *messages { return mustRead(DA) })
	enMessages = sync.OnceValue(func() *messages { return mustRead(EN) })
)

// table returns language l's text, English for any other tag.
func table(l Lang) *messages {
	switch l {
	case NB:
		return nbMessages()
	case DA:
		return daMessages()
	default:
		return enMessages()
	}
}

// mustRead reads a language's file. The files are built into the program
// and TestMessagesComplete reads each of them, so a failure here is a
// build that skipped the tests.
func mustRead(l Lang) *messages {
	m, err := readMessages(l)
	if err != nil {
		panic("i18n: messages/" + string(l) + ".json: " + err.Error())
	}
	return m
}

func readMessages(l Lang) (*messages, error) {
	data, err := messageFiles.ReadFile("messages/" + string(l) + ".json")
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	// A misspelt key would otherwise leave its text empty without a word.
	dec.DisallowUnknownFields()
	m := new(messages)
	if err := dec.Decode(m); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errorString("data after the JSON object")
	}
	return m, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }
