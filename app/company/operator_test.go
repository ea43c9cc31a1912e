package company

import (
	"privacyportal/app/problem"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const goodOperator = `{
  "name": "Bilverksted Drift AS",
  "org_number": "985758220",
  "address": {"lines": ["Verkstedveien 1"], "postal_code": "0150", "city": "Oslo", "country": "NO"},
  "email": "personvern@bilverksted.no",
  "keep_days": 30,
  "mail_service": "cloudflare"
}`

// An operator's file with any one thing wrong is refused with that field
// named, and a good one reads back whole.
func TestParseOperator(t *testing.T) {
	o, err := ParseOperator("operator.json", []byte(goodOperator))
	if err != nil {
		t.Fatal(err)
	}
	want := Operator{Name: "Bilverksted Drift AS", OrgNumber: "985758220", Email: "personvern@bilverksted.no", KeepDays: 30, MailService: MailServiceCloudflare,
		Address: Address{Lines: []string{"Verkstedveien 1"}, PostalCode: "0150", City: "Oslo", Country: "NO"}}
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("parsed (-want +got):\n%s", diff)
	}
	if o.KeepFor().Hours() != 30*24 {
		t.Errorf("KeepFor = %v", o.KeepFor())
	}
	for _, c := range []struct{ change, with, field string }{
		{`"Bilverksted Drift AS"`, `""`, "name"},
		{`"985758220"`, `"985758221"`, "org_number"}, // a wrong check digit
		{`"country": "NO"`, `"country": "DK"`, "org_number"},
		{`"personvern@bilverksted.no"`, `"personvern"`, "email"},
		{`"keep_days": 30`, `"keep_days": 0`, "keep_days"},
		{`"keep_days": 30`, `"keep_days": 366`, "keep_days"},
		{`"cloudflare"`, `"smtp"`, "mail_service"},
		{`"0150"`, `"15"`, "address.postal_code"},
		{`"mail_service"`, `"mail_servise"`, "mail_servise"},
	} {
		data := strings.Replace(goodOperator, c.change, c.with, 1)
		_, err := ParseOperator("operator.json", []byte(data))
		fe, ok := err.(*problem.FileError)
		if !ok {
			t.Errorf("%s → %s: %v, want a FileError", c.change, c.with, err)
			continue
		}
		if !strings.Contains(fe.Error(), `"`+c.field+`"`) {
			t.Errorf("%s → %s: %v does not name %s", c.change, c.with, fe, c.field)
		}
	}
}
