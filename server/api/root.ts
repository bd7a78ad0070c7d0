import { createCallerFactory, createTRPCRouter } from "./trpc";
import { settingsRouter } from "./routers/settings";
import { catalogRouter } from "./routers/catalog";
import { stockRouter } from "./routers/stock";
import { dropsRouter } from "./routers/drops";
import { channelsRouter } from "./routers/channels";
import { dashboardRouter } from "./routers/dashboard";
import { shiftsRouter } from "./routers/shifts";
import { anomaliesRouter } from "./routers/anomalies";
import { reconciliationRouter } from "./routers/reconciliation";
import { resupplyRouter } from "./routers/resupply";
import { subscriptionsRouter } from "./routers/subscriptions";
import { jobsRouter } from "./routers/jobs";
import { ordersRouter } from "./routers/orders";
import { deliveriesRouter } from "./routers/deliveries";

/** One router per domain; each issue adds its router here. */
export const appRouter = createTRPCRouter({
  settings: settingsRouter,
  catalog: catalogRouter,
  stock: stockRouter,
  drops: dropsRouter,
  channels: channelsRouter,
  dashboard: dashboardRouter,
  shifts: shiftsRouter,
  anomalies: anomaliesRouter,
  reconciliation: reconciliationRouter,
  resupply: resupplyRouter,
  subscriptions: subscriptionsRouter,
  jobs: jobsRouter,
  orders: ordersRouter,
  deliveries: deliveriesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
