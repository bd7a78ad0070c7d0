/** The demo sign-ins printed by `npm start` (demo data only; never used outside the seed). */
export const DEMO_PASSWORD = "backroom-demo";
export const DEMO_USERS = {
  owner: { email: "owner@demo.backroom.test", name: "Dana Owner", role: "OWNER" },
  manager: { email: "manager@demo.backroom.test", name: "Marco Manager", role: "MANAGER" },
  staff: { email: "staff@demo.backroom.test", name: "Sam Staff", role: "STAFF" },
  staffKiosk: { email: "kiosk@demo.backroom.test", name: "Kim Kiosk", role: "STAFF" },
} as const;
