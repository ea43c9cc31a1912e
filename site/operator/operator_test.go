package operator

import "testing"

// The file the portal is built from loads and passes the checks; the
// generator would refuse to build otherwise, but this says why sooner.
func TestOperatorFile(t *testing.T) {
	o, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if o.KeepFor() <= 0 {
		t.Errorf("keep_days %d keeps nothing", o.KeepDays)
	}
}
