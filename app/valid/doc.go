// Package valid holds the portal's rules for the shape of a value someone
// types: telephone numbers, postal codes, organisation numbers, web
// addresses, origins and paths on the portal, car registrations and VINs,
// and the characters no name may hold. The browser app and the Worker check
// with these same functions, so a form the browser accepts is a form the
// Worker accepts. (E-mail addresses have a package of their own, emailaddr.)
package valid
