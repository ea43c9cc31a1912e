package company

import (
	"net/url"
	"slices"
	"strings"
)

// KnownService is a tool sold by a known vendor, with the facts that vendor
// publishes about it: who provides it, which cookies it sets and for how
// long, who receives what a browser sends it, and on what basis that may
// leave the EU/EEA.
//
// A company's statement often names a tool ("Google Analytics") and says no
// more; a visitor asked to consent to it still needs those facts (GDPR art.
// 13, and the ePrivacy rule that consent to a cookie be informed). Where the
// company is silent the portal states them, marked as the portal's and with
// their Sources, never as the company's words. A company's cookie service
// is tied to an entry by its Known field (the portal's set-up, like its
// Scripts), and the loader requires that tie for every service whose
// scripts the portal loads from an entry's Hosts: the portal never loads a
// script whose facts it does not show.
type KnownService struct {
	// ID is what a company's cookie service names in its "known" field.
	ID string
	// Name is the vendor's name for the tool.
	Name string
	// Provider is the legal entity that provides the tool to companies in
	// the EU/EEA, and Seat the ISO 3166-1 code of its country.
	Provider string
	Seat     string
	// Role is the provider's role towards the company for what the tool
	// collects: RoleProcessor, RoleController or RoleJointController.
	Role string
	// Hosts are the hosts the tool's scripts are loaded from and send data
	// to; "*." matches any subdomain.
	Hosts []string
	// Cookies are the cookies the tool sets, by the vendor's own list.
	Cookies []KnownCookie
	// Sends lists what a visitor's browser sends the provider once the tool
	// runs: Data* keys, named in each language by i18n's ServiceData.
	Sends []string
	// Countries are the countries, ISO 3166-1, where the provider says the
	// data may be processed.
	Countries []string
	// Transfers are the bases the provider gives for data leaving the
	// EU/EEA: Transfer* keys, named by i18n's TransferBases.
	Transfers []string
	// Sources are the vendor's and the law's pages the facts above are
	// taken from.
	Sources []string
}

// KnownCookie is one cookie a known service sets.
type KnownCookie struct {
	Name string
	// Domain is where the cookie lives: "" for the company's own pages
	// (a first-party cookie), else the vendor's domain.
	Domain   string
	Lifetime Lifetime
}

// Lifetime is how long a cookie lasts: N units of Unit (Minutes, Days,
// Months, Years).
type Lifetime struct {
	N    int
	Unit string
}

// The units of a Lifetime.
const (
	Minutes = "minutes"
	Days    = "days"
	Months  = "months"
	Years   = "years"
)

// RoleJointController is a recipient that decides with the company why and
// how data is collected (CJEU C-40/17, Fashion ID: a site that embeds a
// social plug-in or pixel).
const RoleJointController = "joint_controller"

// What a browser sends a known service, in KnownService.Sends.
const (
	DataIP         = "ip"         // the visitor's IP address, which any request carries
	DataDevice     = "device"     // browser, operating system, screen, language
	DataPage       = "page"       // the address of the page and the page before it
	DataIdentifier = "identifier" // an identifier kept in the service's cookie
	DataEvents     = "events"     // what the visitor does on the page
)

// Bases for data leaving the EU/EEA, in KnownService.Transfers.
const (
	// TransferDPF is the EU-US Data Privacy Framework: the Commission's
	// adequacy decision of 10 July 2023 (Implementing Decision (EU)
	// 2023/1795, GDPR art. 45), for US companies certified under it.
	TransferDPF = "dpf"
	// TransferSCC is the Commission's standard contractual clauses (GDPR
	// art. 46(2)(c)).
	TransferSCC = "scc"
)

// knownServices are the tools the portal knows the facts of: every tool a
// company on the portal loads, and the common ones a company may name.
var knownServices = [...]KnownService{
	{
		ID:   "google-analytics",
		Name: "Google Analytics",
		// Google Analytics' terms are with Google Ireland Limited for
		// customers in the EEA; Google lists Analytics among the products
		// where it acts as the customer's processor.
		Provider: "Google Ireland Limited", Seat: "IE",
		Role:  RoleProcessor,
		Hosts: []string{"www.googletagmanager.com", "*.google-analytics.com", "*.analytics.google.com"},
		Cookies: []KnownCookie{
			{Name: "_ga", Lifetime: Lifetime{2, Years}},
			{Name: "_ga_<container-id>", Lifetime: Lifetime{2, Years}},
		},
		Sends:     []string{DataIP, DataDevice, DataPage, DataIdentifier, DataEvents},
		Countries: []string{"IE", "US"},
		Transfers: []string{TransferDPF, TransferSCC},
		Sources: []string{
			"https://support.google.com/analytics/answer/11397207",
			"https://business.safety.google/gdpr/",
			"https://policies.google.com/privacy/frameworks",
		},
	},
	{
		ID:   "google-ads",
		Name: "Google Ads (DoubleClick)",
		// For Google Ads' own measurement Google is an independent
		// controller (its controller-controller terms).
		Provider: "Google Ireland Limited", Seat: "IE",
		Role:  RoleController,
		Hosts: []string{"*.doubleclick.net", "www.googleadservices.com", "www.googletagmanager.com"},
		Cookies: []KnownCookie{
			{Name: "IDE", Domain: "doubleclick.net", Lifetime: Lifetime{13, Months}},
			{Name: "_gcl_au", Lifetime: Lifetime{90, Days}},
		},
		Sends:     []string{DataIP, DataDevice, DataPage, DataIdentifier, DataEvents},
		Countries: []string{"IE", "US"},
		Transfers: []string{TransferDPF, TransferSCC},
		Sources: []string{
			"https://policies.google.com/technologies/cookies",
			"https://business.safety.google/adscookies/",
			"https://business.safety.google/gdpr/",
			"https://policies.google.com/privacy/frameworks",
		},
	},
	{
		ID:   "meta-pixel",
		Name: "Meta Pixel",
		// A site that embeds Meta's pixel decides with Meta to collect and
		// send what it sends (CJEU C-40/17, Fashion ID).
		Provider: "Meta Platforms Ireland Limited", Seat: "IE",
		Role:  RoleJointController,
		Hosts: []string{"connect.facebook.net", "www.facebook.com"},
		Cookies: []KnownCookie{
			{Name: "_fbp", Lifetime: Lifetime{90, Days}},
			{Name: "fr", Domain: "facebook.com", Lifetime: Lifetime{90, Days}},
		},
		Sends:     []string{DataIP, DataDevice, DataPage, DataIdentifier, DataEvents},
		Countries: []string{"IE", "US"},
		Transfers: []string{TransferDPF, TransferSCC},
		Sources: []string{
			"https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/",
			"https://www.facebook.com/privacy/policies/cookies/",
			"https://curia.europa.eu/juris/liste.jsf?num=C-40/17",
		},
	},
}

// KnownServices lists the tools the portal knows the facts of, each the
// caller's own copy.
func KnownServices() []KnownService {
	out := make([]KnownService, len(knownServices))
	for i, k := range knownServices {
		out[i] = k.clone()
	}
	return out
}

// clone copies a known service with its slices.
func (k KnownService) clone() KnownService {
	k.Hosts, k.Cookies, k.Sends = slices.Clone(k.Hosts), slices.Clone(k.Cookies), slices.Clone(k.Sends)
	k.Countries, k.Transfers, k.Sources = slices.Clone(k.Countries), slices.Clone(k.Transfers), slices.Clone(k.Sources)
	return k
}

// KnownService returns the known service a company's cookie service is tied to.
func (s CookieService) KnownService() (KnownService, bool) {
	if s.Known == "" {
		return KnownService{}, false
	}
	return knownService(s.Known)
}

func knownService(id string) (KnownService, bool) {
	for _, k := range knownServices {
		if k.ID == id {
			return k.clone(), true
		}
	}
	return KnownService{}, false
}

// servesFrom reports whether an https address is on one of the service's
// hosts.
func (k KnownService) servesFrom(address string) bool {
	u, err := url.Parse(address)
	if err != nil {
		return false
	}
	for _, h := range k.Hosts {
		if sub, ok := strings.CutPrefix(h, "*."); ok {
			if u.Host == sub || strings.HasSuffix(u.Host, "."+sub) {
				return true
			}
		} else if u.Host == h {
			return true
		}
	}
	return false
}
