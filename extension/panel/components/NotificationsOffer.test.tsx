/** The Messages view's offer of notifications: asked on the click, gone once allowed. */
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { NotificationsPermission } from '../../lib/notifications-permission.ts';
import { acting } from '../testing/render-panel.tsx';
import { NotificationsOffer } from './NotificationsOffer.tsx';

function permission(answer: boolean): NotificationsPermission & { asked: number } {
  let granted = false;
  return {
    asked: 0,
    allowed: async () => granted,
    async request() {
      this.asked++;
      granted = answer;
      return answer;
    },
    onChange: () => undefined,
  };
}

describe('the offer of notifications', () => {
  it('asks the browser on the click and goes once they are allowed', async () => {
    const browserSaysYes = permission(true);
    await acting(() => render(<NotificationsOffer permission={browserSaysYes} />));
    expect(browserSaysYes.asked).toBe(0);
    await acting(async () => fireEvent.click(await screen.findByRole('button', { name: 'Allow notifications' })));
    expect(browserSaysYes.asked).toBe(1);
    expect(screen.queryByTestId('notifications-offer')).toBeNull();
  });

  it('says so when the browser refuses, and can ask again', async () => {
    const browserSaysNo = permission(false);
    await acting(() => render(<NotificationsOffer permission={browserSaysNo} />));
    await acting(async () => fireEvent.click(await screen.findByRole('button', { name: 'Allow notifications' })));
    expect(screen.getByTestId('notifications-offer').textContent).toContain('The browser did not allow notifications.');
    expect(screen.getByRole('button', { name: 'Allow notifications' })).toBeTruthy();
  });

  it('is not shown where notifications are allowed already', async () => {
    const allowed: NotificationsPermission = {
      allowed: async () => true,
      request: async () => true,
      onChange: () => undefined,
    };
    await acting(() => render(<NotificationsOffer permission={allowed} />));
    // Past the permission's answer, not just the first render (which shows nothing either way).
    await acting(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(screen.queryByTestId('notifications-offer')).toBeNull();
  });
});
