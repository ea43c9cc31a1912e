package i18n

import (
	"reflect"
	"regexp"
	"testing"
)

// slips are wordings a native reader of the language would stop at, each
// with why, found in review; every text in the language's file is
// checked for them, so none comes back in a new message.
var slips = map[Lang][]struct{ pattern, why string }{
	NB: {
		{`begrenset behandling`, `art. 18's heading is "Rett til begrensning av behandling"`},
		{`(?i)\bverksted(et)?\b`, `not every company is a workshop: name the company`},
		{`opplysninger om dem\b`, `one customer: "vedkommende"`},
		{`sende meg markedsføring på telefon`, `a call is made, not sent`},
		{`AB 12 ?345`, `a plate example follows the company's country (valid.RegNumberExample), not the language`},
		{`bli ringt\b`, `"bli oppringt"`},
		{`(?i)\binnsigelse`, `a Danish word: the right of art. 21 is "protest" in bokmål, as the form says`},
		// Danish words in Norwegian.
		{`(?i)\bhvad\b|\bvirksomhed|\bdataansvarlig|\bmedmindre\b|\be-mail|\blinket\b|\bbrowser`, `Danish or English where bokmål has its own word`},
	},
	DA: {
		{`(?i)\bværksted(et)?\b`, `not every company is a workshop: name the company`},
		{`oplysninger om dem\b`, `one customer: "vedkommende"`},
		{`sende mig markedsføring på telefon`, `a call is made, not sent`},
		{`og kan i hver`, `an unfinished sentence: can do what in every e-mail?`},
		{`AB 12 ?345`, `a plate example follows the company's country (valid.RegNumberExample), not the language`},
		{`altid til\b`, `"altid slået til"`},
		{`markedsføring med posten\b`, `"med markedsføring med posten": "pr. post"`},
		// Norwegian words in Danish.
		{`(?i)\bhva\b|\bikke noe\b|\bnettleser|\be-post|\blenke|\bpersonvern|\binformasjonskaps|\bselskap(et|er)?\b|\bkravet\b|\bbehandlingsansvarlig`, `Norwegian where Danish has its own word`},
	},
	EN: {
		{`can in every`, `an unfinished sentence: can do what in every e-mail?`},
		{`AB 12 ?345`, `a plate example follows the company's country (valid.RegNumberExample), not the language`},
		{`send me marketing by phone`, `a call is made, not sent`},
	},
}

func TestNoKnownSlips(t *testing.T) {
	for l, list := range slips {
		m, err := readMessages(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			re := regexp.MustCompile(s.pattern)
			eachText(reflect.ValueOf(*m), string(l), func(path, text string) {
				if loc := re.FindStringIndex(text); loc != nil {
					t.Errorf("%s says %q: %s", path, text[loc[0]:loc[1]], s.why)
				}
			})
		}
	}
}

// eachText calls f with every string of a message table and its path.
func eachText(v reflect.Value, path string, f func(path, text string)) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			eachText(v.Field(i), path+"."+v.Type().Field(i).Name, f)
		}
	case reflect.Array, reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			eachText(v.Index(i), path, f)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			eachText(v.MapIndex(k), path+"["+k.String()+"]", f)
		}
	case reflect.String:
		f(path, v.String())
	}
}
