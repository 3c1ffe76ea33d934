import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { MAX_LISTED_ORDERS, ORDER_LIST_PARAM, orderListUrl } from '../../constants';
import { resolveAppRoute } from '../../test/appRoutes';
import { testIds } from '../../utils/testIds';
import { OrderListScene, listedOrderIds } from './OrderListScene';

describe('the find page listing the orders of a trace', () => {
  it('lists the orders of its URL as links to their pages', () => {
    const route = resolveAppRoute(`${orderListUrl(['ALX-1', 'ALX/2'])}&uel_pid=x`);
    const scene = new OrderListScene();
    scene.urlSync?.updateFromUrl({ [ORDER_LIST_PARAM]: route?.query.getAll(ORDER_LIST_PARAM) ?? [] });
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    expect(screen.getByTestId(testIds.orderSearch.list)).toHaveTextContent('This trace touched 2 orders');
    const hrefs = screen.getAllByRole('link').map((link) => link.getAttribute('href') ?? '');
    expect(hrefs.map((href) => resolveAppRoute(href)?.orderId)).toEqual(['ALX-1', 'ALX/2']);
  });

  it('keeps only order ids, each once, at most the limit', () => {
    const many = Array.from({ length: MAX_LISTED_ORDERS + 5 }, (_, index) => `ALX-${index}`);
    expect(listedOrderIds(['ALX-1', ' ALX-1 ', '', 'bad\nid', 'ALX-2'])).toEqual(['ALX-1', 'ALX-2']);
    expect(listedOrderIds(many)).toHaveLength(MAX_LISTED_ORDERS);
    expect(listedOrderIds(undefined)).toEqual([]);
  });

  it('shows nothing without orders in the URL', () => {
    const scene = new OrderListScene();
    const { container } = render(<scene.Component model={scene} />);
    expect(container).toBeEmptyDOMElement();
  });
});
