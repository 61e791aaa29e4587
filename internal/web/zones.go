package web

import "slices"

// timeZones are offered in forms; any IANA zone is accepted, and the
// browser's own is chosen by script when it is not listed.
var timeZones = []string{
	"UTC",
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "America/Edmonton",
	"America/Winnipeg", "America/Halifax", "America/St_Johns", "America/Montreal", "America/Mexico_City",
	"America/Sao_Paulo", "America/Buenos_Aires", "Europe/London", "Europe/Dublin", "Europe/Lisbon",
	"Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Brussels",
	"Europe/Zurich", "Europe/Vienna", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki",
	"Europe/Warsaw", "Europe/Prague", "Europe/Athens", "Europe/Istanbul", "Africa/Johannesburg",
	"Asia/Dubai", "Asia/Kolkata", "Asia/Bangkok", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai",
	"Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Sydney", "Australia/Melbourne",
	"Pacific/Auckland",
}

// zonesWith returns timeZones with zone added when it is missing.
func zonesWith(zone string) []string {
	if zone == "" || slices.Contains(timeZones, zone) {
		return timeZones
	}
	return append([]string{zone}, timeZones...)
}
