import type { BeforeSend } from '../types';

/**
 * Sensors' names for the traffic source types (its documented values of
 * `$latest_traffic_source_type` and `$first_traffic_source_type`), which the reports of a
 * Sensors project filter on.
 */
const SOURCE_TYPES: Record<string, string> = {
  paid: '付费广告流量',
  direct: '直接流量',
  'search engine': '自然搜索流量',
  'social network': '社交网站流量',
  referral: '引荐流量',
};
/**
 * Renames the traffic source types in `properties` (in place) to Sensors' names.
 *
 * @example sensorsSourceNames({ $latest_traffic_source_type: 'direct' }) // { $latest_traffic_source_type: '直接流量' }
 */
export function sensorsSourceNames(properties: Record<string, unknown>): Record<string, unknown> {
  for (const key of ['$latest_traffic_source_type', '$first_traffic_source_type']) {
    const name = SOURCE_TYPES[properties[key] as string];
    if (name) properties[key] = name;
  }
  return properties;
}

const IDENTITY_TYPES = /^track_(signup|id_bind|id_unbind)$/;

/**
 * The facade's `beforeSend`: gives tracklet's payloads the two traits of the Sensors SDK's
 * that its receivers' reports rely on. Traffic source types get Sensors' names, and the
 * identity events (`$SignUp`, `$BindID`, `$UnbindID`) carry the super properties, as every
 * event does in Sensors (tracklet adds them to `track()` events only).
 *
 * @example sensorsShape(() => ({ shop: 'main' }))
 */
export function sensorsShape(superProperties: (event: string) => Record<string, unknown>): BeforeSend {
  return (payload) => {
    const properties = sensorsSourceNames(payload.properties);
    if (IDENTITY_TYPES.test(payload.type)) payload.properties = { ...superProperties(payload.event!), ...properties };
    return payload;
  };
}
