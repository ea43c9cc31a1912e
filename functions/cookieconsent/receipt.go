package cookieconsent

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"privacyportal/app/company"
	appcookieconsent "privacyportal/app/cookieconsent"
	"privacyportal/app/problem"
)

// Receipt is a consent receipt with the fields of the Kantara Initiative
// Consent Receipt Specification v1.1. Fields the specification does not
// have are marked x-: the categories refused, Global Privacy Control, and
// the company's policy version.
type Receipt struct {
	Version          string           `json:"version"`
	Jurisdiction     string           `json:"jurisdiction"`
	ConsentTimestamp int64            `json:"consentTimestamp"`
	CollectionMethod string           `json:"collectionMethod"`
	ConsentReceiptID string           `json:"consentReceiptID"`
	PublicKey        string           `json:"publicKey"`
	Language         string           `json:"language"`
	PIIPrincipalID   string           `json:"piiPrincipalId"`
	PIIControllers   []ReceiptParty   `json:"piiControllers"`
	PolicyURL        string           `json:"policyUrl"`
	Services         []ReceiptService `json:"services"`
	Sensitive        bool             `json:"sensitive"`
	SPICat           []string         `json:"spiCat"`
	Granted          []string         `json:"x-grantedCategories"`
	Refused          []string         `json:"x-refusedCategories"`
	GPC              bool             `json:"x-globalPrivacyControl"`
	PolicyVersion    string           `json:"x-policyVersion"`
}

// ReceiptParty is a controller in a receipt.
type ReceiptParty struct {
	PIIController    string         `json:"piiController"`
	OnBehalf         bool           `json:"onBehalf"`
	Contact          string         `json:"contact"`
	Address          ReceiptAddress `json:"address"`
	Email            string         `json:"email"`
	Phone            string         `json:"phone,omitempty"`
	PIIControllerURL string         `json:"piiControllerUrl,omitempty"`
}

// ReceiptAddress is a postal address in a receipt (schema.org style).
type ReceiptAddress struct {
	StreetAddress   string `json:"streetAddress"`
	PostalCode      string `json:"postalCode"`
	AddressLocality string `json:"addressLocality"`
	AddressCountry  string `json:"addressCountry"`
}

// ReceiptService is a service consented to and its purposes.
type ReceiptService struct {
	Service  string           `json:"service"`
	Purposes []ReceiptPurpose `json:"purposes"`
}

// ReceiptPurpose is one purpose of a service.
type ReceiptPurpose struct {
	Purpose              string   `json:"purpose"`
	PurposeCategory      []string `json:"purposeCategory"`
	ConsentType          string   `json:"consentType"`
	PIICategory          []string `json:"piiCategory"`
	PrimaryPurpose       bool     `json:"primaryPurpose"`
	Termination          string   `json:"termination"`
	ThirdPartyDisclosure bool     `json:"thirdPartyDisclosure"`
	ThirdPartyName       string   `json:"thirdPartyName,omitempty"`
}

// SignedReceipt is a receipt as the visitor downloads it: a JWS in the
// flattened JSON serialization (RFC 7515, section 7.2.2), signed with the
// portal's Ed25519 key (the JWK set at /.well-known/privacy-portal/keys.json),
// plus the receipt in readable form. The payload is what is signed; the
// readable copy is for people.
type SignedReceipt struct {
	Protected string  `json:"protected"`
	Payload   string  `json:"payload"`
	Signature string  `json:"signature"`
	Receipt   Receipt `json:"receipt"`
}

// ReceiptFor returns the signed receipt of a consent id's latest choice
// with a company.
func (s *Service) ReceiptFor(ctx context.Context, slug, consentID string) ([]byte, error) {
	c, err := s.Controllers.Load(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !appcookieconsent.ValidID(consentID) {
		return nil, problem.Fail(problem.CodeNotFound)
	}
	e, err := s.Store.LatestCookieChoice(ctx, slug, consentID)
	if errors.Is(err, ErrNotFound) {
		return nil, problem.Fail(problem.CodeNotFound)
	}
	if err != nil {
		return nil, err
	}
	r := s.receipt(c, e)
	payload, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	header, _ := json.Marshal(map[string]string{"alg": "EdDSA", "kid": s.Signer.KeyID(), "typ": "JWT"})
	enc := base64.RawURLEncoding
	signed := SignedReceipt{Protected: enc.EncodeToString(header), Payload: enc.EncodeToString(payload), Receipt: r}
	signed.Signature = enc.EncodeToString(s.Signer.Sign([]byte(signed.Protected + "." + signed.Payload)))
	var b bytes.Buffer
	out := json.NewEncoder(&b)
	out.SetEscapeHTML(false)
	out.SetIndent("", "  ")
	err = out.Encode(signed)
	return b.Bytes(), err
}

var methodWords = map[string]string{
	appcookieconsent.MethodAccept:   "Accept all",
	appcookieconsent.MethodReject:   "Reject all",
	appcookieconsent.MethodSave:     "Chosen category by category",
	appcookieconsent.MethodGPC:      "Global Privacy Control signal, honoured without asking",
	appcookieconsent.MethodWithdraw: "Consent withdrawn in the cookie settings",
}

func (s *Service) receipt(c company.Controller, e Entry) Receipt {
	party := ReceiptParty{
		PIIController: c.Name, Contact: c.PrivacyEmail, Email: c.PrivacyEmail, Phone: c.Phone,
		PIIControllerURL: c.Website,
		Address: ReceiptAddress{
			StreetAddress: strings.Join(c.Address.Lines, ", "), PostalCode: c.Address.PostalCode,
			AddressLocality: c.Address.City, AddressCountry: c.Address.Country,
		},
	}
	if len(c.LegalEntities) > 0 {
		party.PIIController = c.LegalEntities[0].Name
	}
	days := strconv.Itoa(int(appcookieconsent.Lifetime(c.Cookies).Hours() / 24))
	services := []ReceiptService{}
	for _, cat := range c.Cookies.Categories {
		if !slices.Contains(e.Granted, cat.ID) {
			continue
		}
		for _, svc := range cat.Services {
			third := svc.Provider != "" && !strings.Contains(svc.Provider, c.Name)
			p := ReceiptPurpose{
				Purpose: svc.Purpose, PurposeCategory: []string{cat.ID}, ConsentType: "EXPLICIT",
				PIICategory: []string{"Online identifiers and usage data"}, PrimaryPurpose: false,
				Termination:          "Withdrawal in the cookie settings, or after " + days + " days",
				ThirdPartyDisclosure: third,
			}
			if third {
				p.ThirdPartyName = svc.Provider
			}
			services = append(services, ReceiptService{Service: svc.Name, Purposes: []ReceiptPurpose{p}})
		}
	}
	return Receipt{
		Version: "KI-CR-v1.1.0", Jurisdiction: c.Country, ConsentTimestamp: e.At.Unix(),
		CollectionMethod: "Cookie banner of the privacy portal: " + methodWords[e.Method],
		ConsentReceiptID: e.ID, PublicKey: s.Signer.Public().X, Language: string(e.Language),
		PIIPrincipalID: e.ConsentID, PIIControllers: []ReceiptParty{party},
		PolicyURL: s.Origin + "/" + c.Slug + "/cookies", Services: services, SPICat: []string{},
		Granted: e.Granted, Refused: e.Refused, GPC: e.GPC, PolicyVersion: e.Version,
	}
}
