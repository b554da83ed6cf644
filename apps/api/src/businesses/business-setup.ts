import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The new business a setup step sees: its id and the time zone it was created with. */
export interface NewBusiness {
  id: string;
  timeZone: string;
}

/**
 * One step of making a business: writes the step's own tables inside the creation transaction, and
 * may answer what it set up, for the `business.create` audit row's details (e.g. `{ openingHours }`).
 */
export type BusinessSetupStep = (em: EntityManager, business: NewBusiness) => Promise<Record<string, unknown> | void>;

/**
 * The steps a new business needs from modules that rank above businesses (docs/ARCHITECTURE.md §9,
 * the folder ranks in `.dependency-cruiser.cjs`). A module registers its step once, at start-up
 * (e.g. in `onModuleInit`); `BusinessesService.create` runs every step, in registration order,
 * inside the transaction that inserts the business, so a new business is never half-made and
 * businesses never import the modules that own those tables.
 */
@Injectable()
export class BusinessSetup {
  private readonly steps: BusinessSetupStep[] = [];

  register(step: BusinessSetupStep): void {
    this.steps.push(step);
  }

  /** Runs every registered step for the business just inserted, in the caller's transaction; the steps' details, merged. */
  async run(em: EntityManager, business: NewBusiness): Promise<Record<string, unknown>> {
    const details: Record<string, unknown> = {};
    for (const step of this.steps) Object.assign(details, await step(em, business));
    return details;
  }
}
