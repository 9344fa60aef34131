/** The sessionStorage key under which a guide that led to another page waits for that page to resume it. */
export const PENDING_GUIDE = 'firstwin:guide';
