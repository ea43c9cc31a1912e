// Package calendar is dates as the law counts them in Norway and Denmark: a
// calendar day without a clock, the local time a day starts in, the public
// holidays of each country and the next working day, from which the
// requests' deadlines are counted.
package calendar
