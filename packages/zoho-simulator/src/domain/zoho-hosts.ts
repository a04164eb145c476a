// api_domain per data centre as Zoho returns it from the token endpoint (doc §1.3, §1.9). It
// points at the real zohoapis host on purpose: a client must not derive the Cliq host from it.
const API_DOMAINS: Record<string, string> = {
  us: "https://www.zohoapis.com",
  eu: "https://www.zohoapis.eu",
  in: "https://www.zohoapis.in",
  au: "https://www.zohoapis.com.au",
  jp: "https://www.zohoapis.jp",
  cn: "https://www.zohoapis.com.cn",
  ca: "https://www.zohoapis.ca",
  sa: "https://www.zohoapis.sa",
  uk: "https://www.zohoapis.uk",
};

export function apiDomainFor(location: string): string {
  return API_DOMAINS[location] ?? "https://www.zohoapis.com";
}
