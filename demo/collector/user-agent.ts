import Bowser from 'bowser';
import type { IncomingHttpHeaders } from 'node:http';

/** The device properties the collector adds to each event, as hosted analytics tools name them. */
export interface DeviceProperties {
  $browser?: string;
  $browser_version?: string;
  $os?: string;
  $os_version?: string;
  /** `desktop`, `mobile`, `tablet`, `tv` or `bot`. */
  $device_type?: string;
}

/** The longest User-Agent parsed; anything past it is junk or an attack, not a browser. */
const MAX_UA_CHARS = 512;

/**
 * Derives browser, OS and device type from a request's `User-Agent` with bowser (MIT), then
 * corrects them with the client hints Chromium browsers send (`Sec-CH-UA-Mobile`,
 * `Sec-CH-UA-Platform`, and `Sec-CH-UA-Platform-Version` / `Sec-CH-UA-Full-Version-List` when
 * the page asked for them): Chromium freezes its User-Agent string (Windows 11 says
 * "Windows NT 10.0", every version ends in ".0.0.0"), the hints carry the true values.
 * Unknown parts are left out rather than guessed.
 *
 * @example deviceFromHeaders({ 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' })
 * // { $browser: 'Firefox', $browser_version: '128.0', $os: 'Linux', $device_type: 'desktop' }
 */
export function deviceFromHeaders(headers: IncomingHttpHeaders): DeviceProperties {
  const device: DeviceProperties = {};
  const agent = header(headers, 'user-agent').slice(0, MAX_UA_CHARS);
  if (agent) {
    const parsed = Bowser.parse(agent);
    set(device, '$browser', parsed.browser.name);
    set(device, '$browser_version', parsed.browser.version);
    set(device, '$os', parsed.os.name);
    // Windows' "NT 10.0" means nothing to people; bowser's versionName is "10", "7", ...
    set(device, '$os_version', parsed.os.name === 'Windows' ? (parsed.os.versionName ?? parsed.os.version) : parsed.os.version);
    set(device, '$device_type', parsed.platform.type);
  }
  applyClientHints(device, headers);
  return device;
}

function applyClientHints(device: DeviceProperties, headers: IncomingHttpHeaders): void {
  if (header(headers, 'sec-ch-ua-mobile') === '?1') device.$device_type = 'mobile';
  const platform = unquote(header(headers, 'sec-ch-ua-platform'));
  if (platform && platform !== 'Unknown') {
    if (platform !== device.$os) delete device.$os_version;
    device.$os = platform;
  }
  const platformVersion = unquote(header(headers, 'sec-ch-ua-platform-version'));
  if (platformVersion) device.$os_version = device.$os === 'Windows' ? windowsRelease(platformVersion) : platformVersion;
  const brand = mainBrand(header(headers, 'sec-ch-ua-full-version-list'));
  if (brand) {
    device.$browser = brand.name;
    device.$browser_version = brand.version;
  }
}

/** Windows' platform version is its UniversalApiContract version: 13 and up is Windows 11. */
function windowsRelease(version: string): string {
  const major = Number.parseInt(version, 10);
  return major >= 13 ? '11' : major > 0 ? '10' : version;
}

/**
 * The browser's own brand in a brand list such as `"Not_A Brand";v="8.0.0.0", "Chromium";v="120.0.6099.71",
 * "Google Chrome";v="120.0.6099.71"`: not the GREASE brand, and Chromium only when no other is named.
 */
function mainBrand(list: string): { name: string; version: string } | undefined {
  const brands = [...list.matchAll(/"([^"]{1,64})"\s*;\s*v\s*=\s*"([^"]{1,32})"/g)]
    .map(([, name, version]) => ({ name: name === 'Google Chrome' ? 'Chrome' : name!, version: version! }))
    .filter(({ name }) => !/not.a.brand/i.test(name));
  return brands.find(({ name }) => name !== 'Chromium') ?? brands[0];
}

/**
 * Adds the derived properties the sender did not set itself: a value the page sent (even
 * `null`) wins over what the collector derives.
 *
 * @example withDevice({ $os: 'Custom OS' }, { $os: 'Linux', $browser: 'Firefox' }) // { $browser: 'Firefox', $os: 'Custom OS' }
 */
export function withDevice(properties: Record<string, unknown>, device: DeviceProperties): Record<string, unknown> {
  const added = Object.entries(device).filter(([key]) => !Object.prototype.hasOwnProperty.call(properties, key));
  return added.length ? { ...Object.fromEntries(added), ...properties } : properties;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

const unquote = (text: string) => text.replace(/^"(.*)"$/, '$1').trim().slice(0, 64);

function set(device: DeviceProperties, key: keyof DeviceProperties, value: string | undefined): void {
  if (value) device[key] = value;
}
