module privacyportal

go 1.26.8

require (
	github.com/google/go-cmp v0.7.0
	github.com/maxence-charriere/go-app/v9 v9.8.0
	github.com/syumai/workers v0.32.0
)

require github.com/google/uuid v1.3.0 // indirect
