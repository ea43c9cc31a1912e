package marketingconsent

import "time"

// KeptAfterUse is how long an opt-in's form is kept once it has been
// confirmed, and a marketing e-mail's record once it has been sent: long
// enough to answer a confirmation clicked twice, no longer, since what
// counts is recorded in the consents themselves. The schedule deletes by
// it (functions/d1, ExpireOptIns) and the portal's privacy notice states
// it.
const KeptAfterUse = 24 * time.Hour
