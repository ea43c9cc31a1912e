module privacyportal

go 1.26.8

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/google/uuid v1.3.0 // indirect
	github.com/maxence-charriere/go-app/v9 v9.8.0 // indirect
	github.com/syumai/workers v0.32.0 // indirect
)
