import Cookies from 'js-cookie';
import { localDay } from '../events/visit-facts';
import { registrableDomain } from '../identity/cookie-domain';
import { createCookieStore } from '../identity/cookie-store';
import type { Report } from '../lib/report';
import { writeJson } from '../lib/web-storage';
import { readSensorsVisitor, type SensorsVisitor } from './sensors-cookie';

/**
 * A visitor the Sensors SDK knew keeps being that visitor: before tracklet starts for the
 * first time in this browser (no tracklet cookie yet), the identity in Sensors' cookie is
 * written as tracklet's (cookie, anonymous, login and bound IDs), with the first-day fact
 * (`$is_first_day`) and the latest-touch attribution (`$latest_*`). Returns the visitor, whose
 * `supers` the caller registers; undefined when there is nothing to carry (a tracklet cookie
 * exists, or no Sensors cookie). Sensors' cookie is left as it was.
 *
 * @example const carried = carryOverSensorsVisitor('tracklet_id', undefined, report);
 */
export function carryOverSensorsVisitor(cookieName: string, cookieDomain: string | undefined, report: Report): SensorsVisitor | undefined {
  try {
    if (Cookies.get(cookieName) !== undefined) return undefined;
    const visitor = readSensorsVisitor();
    if (!visitor) return undefined;
    const domain = cookieDomain ?? registrableDomain(location.hostname);
    createCookieStore({ name: cookieName, domain, report }).save(visitor.identity);
    // tracklet keeps the first day's date; Sensors only whether today is it. Another day
    // than today ('0000-00-00') makes $is_first_day false from now on, as in Sensors.
    writeJson(cookieName + '_visit', { d: visitor.firstDay ? localDay(new Date()) : '0000-00-00' });
    if (Object.keys(visitor.latest).length) writeJson(cookieName + '_latest', visitor.latest);
    return visitor;
  } catch {
    // A visitor we cannot carry over starts as a new one; tracking goes on.
    return undefined;
  }
}
